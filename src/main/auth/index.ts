/** Officer login on an enrolled workstation: device proof, short-lived access token, stored refresh token. */
export { createAuth, type Auth, type AuthDeps } from './auth';
