// A file of the console tests (runner-app), never of the console itself.
export const fixture = "<served as text>";
