import { mount } from 'svelte';
import App from './ui/App.svelte';
import './kit/theme.css';

const target = document.getElementById('app');
if (!target) {
  throw new Error('missing #app element');
}

const app = mount(App, { target });

export default app;
void import('./offline/register.ts').then(({ registerOffline }) => registerOffline());
