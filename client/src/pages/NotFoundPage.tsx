import { A } from '@solidjs/router';

export default function NotFoundPage() {
  return (
    <section class="page narrow">
      <h1>Page not found</h1>
      <p>
        That address does not lead anywhere. <A href="/">Go to the start page</A> to join a room.
      </p>
    </section>
  );
}
