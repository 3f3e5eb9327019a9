export { authProvider, MFA_SETUP_PATH, type LoginParams } from './authProvider';
export { dataProvider, type PairlineDataProvider } from './dataProvider';
export { errorCode, errorMessage, errorProblems, errorStatus } from './errors';
export { httpClient } from './httpClient';
export { LoginPage } from './LoginPage';
export { getSession, setSession, useSession } from './session';
export { useCan } from './useCan';
