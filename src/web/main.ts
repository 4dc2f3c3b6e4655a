import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'element-plus/dist/index.css';
import './styles.css';
import App from './App.vue';
import { router } from './router';
import { ApiError, setNavigator } from './api/client';

// the request client knows no router: it says what happened, the app decides where to go
setNavigator({
  signedOut: (reason) => router.push({ name: 'login', query: { redirect: router.currentRoute.value.fullPath, reason } }),
  passwordChangeRequired: () => router.push({ name: 'password' }),
});
// a refused request has already been shown to the person (one message, in Chinese): it needs no handler of its own
window.addEventListener('unhandledrejection', (e) => { if (e.reason instanceof ApiError) e.preventDefault(); });
createApp(App).use(createPinia()).use(router).mount('#app');
