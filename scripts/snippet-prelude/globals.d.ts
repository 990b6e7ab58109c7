// What every documentation example may use without importing it, as ambient globals: the prelude's entities and values,
// the fluent-dynamo names the examples use unimported, and the framework names around them. A snippet that
// imports or declares one of these names itself shadows the global (each snippet is a module of its own).
import type * as AwsDynamo from '@aws-sdk/client-dynamodb';
import type KoaRouter from '@koa/router';
import type * as Nest from '@nestjs/common';
import type expressModule from 'express';
import type * as fd from 'fluent-dynamo';
import type * as fdExpress from 'fluent-dynamo/express';
import type * as E from './entities.js';
import type * as V from './values.js';

declare global {
  // Entities (classes: a value and a type).
  const User: typeof E.User;
  type User = E.User;
  const OrderLine: typeof E.OrderLine;
  type OrderLine = E.OrderLine;
  const Task: typeof E.Task;
  type Task = E.Task;
  const Order: typeof E.Order;
  type Order = E.Order;
  const Customer: typeof E.Customer;
  type Customer = E.Customer;
  const TenantUser: typeof E.TenantUser;
  type TenantUser = E.TenantUser;
  const Doc: typeof E.Doc;
  type Doc = E.Doc;
  const AuditEntry: typeof E.AuditEntry;
  type AuditEntry = E.AuditEntry;
  const Note: typeof E.Note;
  type Note = E.Note;
  const Counter: typeof E.Counter;
  type Counter = E.Counter;
  const Product: typeof E.Product;
  type Product = E.Product;

  // Clients, repositories, helpers and application values.
  const client: typeof V.client;
  const tenantClient: typeof V.tenantClient;
  const defaultClient: typeof V.defaultClient;
  const scopedClient: typeof V.scopedClient;
  const users: typeof V.users;
  const orders: typeof V.orders;
  const lines: typeof V.lines;
  const products: typeof V.products;
  const docs: typeof V.docs;
  const audit: typeof V.audit;
  const UserFields: typeof V.UserFields;
  const UserKeys: typeof V.UserKeys;
  const UserIndexes: typeof V.UserIndexes;
  const user: typeof V.user;
  const user1: typeof V.user1;
  const item: typeof V.item;
  const doc: typeof V.doc;
  const productId: typeof V.productId;
  const secret: typeof V.secret;
  const principal: typeof V.principal;
  const roleArn: typeof V.roleArn;
  const counters: typeof V.counters;
  const tenants: typeof V.tenants;
  const app: typeof V.app;
  const usersRouter: typeof V.usersRouter;
  const req: typeof V.req;
  const save: typeof V.save;
  const seedDemoData: typeof V.seedDemoData;
  const AuthGuard: typeof V.AuthGuard;
  const DYNAMO_CLIENT: typeof V.DYNAMO_CLIENT;
  const TENANTS: typeof V.TENANTS;
  const USERS: typeof V.USERS;

  // fluent-dynamo names the examples use without importing them.
  const Table: typeof fd.Table;
  const PartitionKey: typeof fd.PartitionKey;
  const SortKey: typeof fd.SortKey;
  const Attribute: typeof fd.Attribute;
  const Index: typeof fd.Index;
  const Version: typeof fd.Version;
  const CreatedAt: typeof fd.CreatedAt;
  const UpdatedAt: typeof fd.UpdatedAt;
  const TimeToLive: typeof fd.TimeToLive;
  const fieldsOf: typeof fd.fieldsOf;
  const keysOf: typeof fd.keysOf;
  const indexesOf: typeof fd.indexesOf;
  const Repository: typeof fd.Repository;
  type Repository<T extends object> = fd.Repository<T>;
  const SingleTable: typeof fd.SingleTable;
  const DynamoDbTable: typeof fd.DynamoDbTable;
  type DynamoDbTable = fd.DynamoDbTable;
  const BatchGetItemRequestBuilder: typeof fd.BatchGetItemRequestBuilder;
  const BatchWriteItemRequestBuilder: typeof fd.BatchWriteItemRequestBuilder;
  const TransactGetItemsRequestBuilder: typeof fd.TransactGetItemsRequestBuilder;
  const TransactWriteItemsRequestBuilder: typeof fd.TransactWriteItemsRequestBuilder;
  const runWithClient: typeof fd.runWithClient;
  const runWithoutClient: typeof fd.runWithoutClient;
  const currentClient: typeof fd.currentClient;
  const bindClientContext: typeof fd.bindClientContext;
  const bindStreamContext: typeof fd.bindStreamContext;
  const runInTenantScope: typeof fd.runInTenantScope;
  const configureCursors: typeof fd.configureCursors;
  const createDynamoClient: typeof fd.createDynamoClient;
  const createTable: typeof fd.createTable;
  const StsTenantClientProvider: typeof fd.StsTenantClientProvider;
  type StsTenantClientProvider<P extends object = fd.TenantPrincipal> = fd.StsTenantClientProvider<P>;
  type TenantPrincipal = fd.TenantPrincipal;
  const expressTenantContext: typeof fdExpress.expressTenantContext;

  // The AWS SDK, Express, Koa and NestJS names the examples use without importing them.
  type DynamoDBClient = AwsDynamo.DynamoDBClient;
  const express: typeof expressModule;
  const Router: typeof KoaRouter;
  type Router = KoaRouter;
  const Module: typeof Nest.Module;
  const Injectable: typeof Nest.Injectable;
  const Controller: typeof Nest.Controller;
  const UseGuards: typeof Nest.UseGuards;

  // What an authentication middleware (Passport, a Nest guard) puts on Express requests.
  namespace Express {
    interface Request {
      user?: fd.TenantPrincipal;
    }
  }
}
