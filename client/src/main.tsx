import { Route, Router } from '@solidjs/router';
import { lazy } from 'solid-js';
import { render } from 'solid-js/web';
import { App } from './App.tsx';
import './styles.css';

// Every page is its own chunk: the first load carries only the shell and the page it opens.
const Home = lazy(() => import('./pages/HomePage.tsx'));
const Room = lazy(() => import('./pages/RoomPage.tsx'));
const Search = lazy(() => import('./pages/SearchPage.tsx'));
const Library = lazy(() => import('./pages/LibraryPage.tsx'));
const Playlist = lazy(() => import('./pages/PlaylistPage.tsx'));
const SignIn = lazy(() => import('./pages/SignInPage.tsx'));
const Register = lazy(() => import('./pages/RegisterPage.tsx'));
const Account = lazy(() => import('./pages/AccountPage.tsx'));
const NotFound = lazy(() => import('./pages/NotFoundPage.tsx'));

render(
  () => (
    <Router root={App}>
      <Route path="/" component={Home} />
      <Route path="/r/:code" component={Room} />
      <Route path="/search" component={Search} />
      <Route path="/library" component={Library} />
      <Route path="/library/playlists/:id" component={Playlist} />
      <Route path="/signin" component={SignIn} />
      <Route path="/register" component={Register} />
      <Route path="/account" component={Account} />
      <Route path="*" component={NotFound} />
    </Router>
  ),
  document.getElementById('root')!,
);

// The app shell keeps loading offline after the first visit.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => {}));
}
