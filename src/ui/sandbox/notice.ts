/** A message above the console (a restart, a session that could not be restored). */
export interface Notice {
  readonly id: number;
  readonly kind: 'info' | 'error';
  readonly text: string;
}
