import { Admin, Resource } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import { Dashboard } from './dashboard/Dashboard';
import { Layout } from './layout/Layout';
import { theme } from './layout/theme';
import providerSuppliers from './provider-suppliers';

/**
 * The API speaks the ra-data-simple-rest dialect (see libs/contracts/src/listing.ts) and serves this
 * app from the same origin, so the stock provider needs no CORS or header configuration.
 */
const dataProvider = simpleRestProvider('/api');

export const App = () => (
  <Admin
    dataProvider={dataProvider}
    dashboard={Dashboard}
    layout={Layout}
    theme={theme}
    title="Pairline"
    disableTelemetry
  >
    <Resource name="provider-suppliers" {...providerSuppliers} />
  </Admin>
);
