export { ScalPanel } from './ScalPanel';
