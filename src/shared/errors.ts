/**
 * The stable error codes of the API: the `code` of every application/problem+json response. The HTTP status
 * gives the class of failure, the code the situation, so that a client can tell a stale form from a closed
 * record without reading the message. The server raises them (server/core/errors.ts); the web app may branch
 * on them. Plain TypeScript, imported by both sides: add a code here, never rename or reuse one.
 */
export const ERROR_CODES = [
  { code: 'VALIDATION', status: 400, meaning: 'The request did not match its schema; `errors` names each field with its message.' },
  { code: 'BAD_REQUEST', status: 400, meaning: 'The request is well-formed but a rule refuses it; `errors` names the field when there is one.' },
  { code: 'UNAUTHENTICATED', status: 401, meaning: 'No live session: never signed in, signed out, idle too long, or wrong password at login.' },
  { code: 'FORBIDDEN', status: 403, meaning: 'The signed-in user lacks the permission, or the act belongs to another party.' },
  { code: 'CSRF', status: 403, meaning: 'A state-changing request without the session\'s CSRF token.' },
  { code: 'PASSWORD_CHANGE_REQUIRED', status: 403, meaning: 'The user must change the initial password before anything else.' },
  { code: 'NOT_FOUND', status: 404, meaning: 'No such record, or it lies outside the user\'s data scope (the two are not told apart).' },
  { code: 'STALE_VERSION', status: 409, meaning: 'Someone changed the record since it was read (optimistic lock): reload and retry.' },
  { code: 'INVALID_STATE', status: 409, meaning: 'The act is not allowed in the record\'s current state or period (e.g. a published scheme, a closed task).' },
  { code: 'ALREADY_DONE', status: 409, meaning: 'The same act was already done (decided, reviewed, cast, reminded today, withdrawn): nothing changed.' },
  { code: 'DUPLICATE', status: 409, meaning: 'A record with the same identity already exists.' },
  { code: 'TOO_LARGE', status: 413, meaning: 'An upload or request body over the limit.' },
  { code: 'IMPORT_INVALID', status: 422, meaning: 'An import file was refused whole; the response links the per-row error report.' },
  { code: 'LOCKED', status: 423, meaning: 'The account is locked after repeated failed logins, for the minutes given.' },
  { code: 'INTERNAL', status: 500, meaning: 'An unexpected server error; details are logged, never sent.' },
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number]['code'];
