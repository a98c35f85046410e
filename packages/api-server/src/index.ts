export { buildApi, operatorRoutes, type ApiDeps } from './app.ts';
export { keyMatches, presentedKey, Authenticator, type Principal } from './auth.ts';
export { openApiDocument } from './openapi.ts';
