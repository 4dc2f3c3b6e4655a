/** The permission codes live in src/shared (the web reads them too); the server checks them through actor.ts. */
export * from '../../shared/permissions.js';
