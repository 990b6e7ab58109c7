import { Module } from '@nestjs/common';
import { FluentDynamoModule } from '../../src/nestjs/index.js';
import { User } from '../shared/user.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** A feature module: its Repository<User> comes from forFeature, its clients from the root's forRoot. */
@Module({
  imports: [FluentDynamoModule.forFeature([User])],
  controllers: [UsersController],
  providers: [UsersService],
})
export class UsersModule {}
