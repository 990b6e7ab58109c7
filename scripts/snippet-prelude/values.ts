// The values the documentation's examples assume exist: clients, repositories over the prelude's entities, the
// helpers of the entities guide's "fieldsOf, keysOf, indexesOf" section, and what an application around them has
// (an Express app, DI tokens, a signed-in principal). Declared, not created: the snippets are only type-checked.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CanActivate } from '@nestjs/common';
import type { Express, Router as ExpressRouter, Request } from 'express';
import {
  fieldsOf,
  indexesOf,
  keysOf,
  Repository,
  type StsTenantClientProvider,
  type TenantPrincipal,
} from 'fluent-dynamo';
import { AuditEntry, Counter, Doc, Order, OrderLine, Product, User } from './entities.js';

export declare const client: DynamoDBClient;
export declare const tenantClient: DynamoDBClient;
export declare const defaultClient: DynamoDBClient;
export declare const scopedClient: DynamoDBClient;

export const users = new Repository(User, client);
export const orders = new Repository(Order, client);
export const lines = new Repository(OrderLine, client);
export const products = new Repository(Product, client);
export const docs = new Repository(Doc, client);
export const audit = new Repository(AuditEntry, client);
export const counters = new Repository(Counter, client);
/** The application's tenant provider. */
export declare const tenants: StsTenantClientProvider;

export const UserFields = fieldsOf(User);
export const UserKeys = keysOf(User);
export const UserIndexes = indexesOf<'EmailIndex' | 'StatusIndex'>(User);

export declare const user: User;
export declare const user1: User;
export declare const item: User;
export declare const doc: Doc;
export declare const productId: string;
/** A cursor secret (at least 32 bytes). */
export declare const secret: string;
export declare const principal: TenantPrincipal;
/** A tenant's role ARN. */
export declare const roleArn: string;

export declare const app: Express;
export declare const usersRouter: ExpressRouter;
export declare const req: Request;
export declare function save(item: User): Promise<void>;
export declare function seedDemoData(): Promise<void>;

/** Your authentication guard (NestJS): sets `req.user`. */
export declare class AuthGuard implements CanActivate {
  canActivate(): boolean;
}

/** tsyringe tokens. */
export declare const DYNAMO_CLIENT: unique symbol;
export declare const TENANTS: unique symbol;
export declare const USERS: unique symbol;
