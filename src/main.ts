import { mount } from 'svelte';
import App from './ui/App.svelte';
import './kit/theme.css';

const target = document.getElementById('app');
if (!target) {
  throw new Error('missing #app element');
}

// The service worker (offline use after one visit) is registered once the first screen's parts
// are in: its precache of every chunk would compete with them on a phone.
const afterLoad = () =>
  import('./offline/register.ts').then(({ registerOffline }) => registerOffline());
const app = mount(App, { target, props: { afterLoad } });

export default app;
