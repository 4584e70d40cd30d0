// A centred card for the screens around the messenger (loading, errors).

import type { ComponentChildren } from 'preact';

export function Notice({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <main class="notice">
      <div class="card">
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
