import type { ComponentChildren } from 'preact';

export interface EmptyStateProps {
  /** What is missing, in a few words. */
  title: string;
  /** What will appear here, and what makes it appear. */
  children: ComponentChildren;
}

export function EmptyState({ title, children }: EmptyStateProps) {
  return (
    <div class="empty">
      <strong>{title}</strong>
      <p class="empty-why">{children}</p>
    </div>
  );
}
