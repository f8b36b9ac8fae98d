import type { ReactNode } from 'react';

/**
 * A wide table that scrolls sideways on a phone: the scrolling box is focusable and named, so a keyboard can scroll
 * it too (axe's scrollable-region-focusable), instead of Ant Design's own unfocusable scroll container.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto', maxWidth: '100%' }}>
      {children}
    </div>
  );
}
