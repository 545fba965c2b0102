// `gini-openapi/node`: the credential stores for backends, which the main entry leaves out so that
// it reaches no `node:` module: a JSON file (with a lock across processes) and Redis (a lease
// across instances).
export { createFileCredentialStore, type FileCredentialStoreOptions } from "./flows/file-credential-store.js";
export { createRedisCredentialStore, type RedisCommands, type RedisCredentialStoreOptions } from "./flows/redis-credential-store.js";
