/** Whether the user has moved between pages of the app (page headings then take focus). */
let navigated = false;

export function markNavigated(): void {
  navigated = true;
}

export function hasNavigated(): boolean {
  return navigated;
}
