// Request bodies arrive as unknown JSON: each is checked field by field, so
// bad input is a 400 that lists the problems, never a 500 from deeper down.

/** Ids go into keys (TENANT#acme#PROJECT#<id>) and URLs: letters, digits, `_` and `-` only. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: string[] };

export interface NewProject {
  readonly projectId: string;
  readonly name: string;
}

export interface NewTask {
  readonly title: string;
  readonly assignee?: string;
}

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= max;
}

/** POST /projects: `{ "projectId": "website", "name": "New website" }` */
export function parseNewProject(body: unknown): Parsed<NewProject> {
  if (typeof body !== 'object' || body === null) return { ok: false, problems: ['the body must be a JSON object'] };
  const projectId = 'projectId' in body ? body.projectId : undefined;
  const name = 'name' in body ? body.name : undefined;
  const problems: string[] = [];
  if (!isId(projectId)) problems.push('projectId: 1 to 64 letters, digits, _ or -');
  if (!isText(name, 200)) problems.push('name: 1 to 200 characters');
  if (!isId(projectId) || !isText(name, 200)) return { ok: false, problems };
  return { ok: true, value: { projectId, name } };
}

/** POST /projects/:projectId/tasks: `{ "tasks": [{ "title": "Design", "assignee": "alice" }, ...] }`, 1 to 100. */
export function parseNewTasks(body: unknown): Parsed<NewTask[]> {
  const list = typeof body === 'object' && body !== null && 'tasks' in body ? body.tasks : undefined;
  if (!Array.isArray(list) || list.length === 0 || list.length > 100) {
    return { ok: false, problems: ['tasks: a list of 1 to 100 tasks'] };
  }
  const tasks: NewTask[] = [];
  const problems: string[] = [];
  list.forEach((entry: unknown, index) => {
    const title = typeof entry === 'object' && entry !== null && 'title' in entry ? entry.title : undefined;
    const assignee = typeof entry === 'object' && entry !== null && 'assignee' in entry ? entry.assignee : undefined;
    if (!isText(title, 200)) problems.push(`tasks[${index}].title: 1 to 200 characters`);
    else if (assignee !== undefined && !isId(assignee)) problems.push(`tasks[${index}].assignee: a user id`);
    else tasks.push(assignee === undefined ? { title } : { title, assignee });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: tasks };
}

/** POST /projects/:projectId/tasks/:taskId/move: `{ "toProjectId": "launch" }` */
export function parseMove(body: unknown): Parsed<string> {
  const to = typeof body === 'object' && body !== null && 'toProjectId' in body ? body.toProjectId : undefined;
  return isId(to) ? { ok: true, value: to } : { ok: false, problems: ['toProjectId: a project id'] };
}

/** `?limit=`: 1 to 100, default 25. `?cursor=`: the `cursor` of the previous page. */
export function parsePage(query: { limit?: unknown; cursor?: unknown }): Parsed<{ limit: number; cursor?: string }> {
  const limit = query.limit === undefined ? 25 : typeof query.limit === 'string' ? Number(query.limit) : Number.NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { ok: false, problems: ['limit: 1 to 100'] };
  if (query.cursor === undefined) return { ok: true, value: { limit } };
  if (typeof query.cursor !== 'string') return { ok: false, problems: ['cursor: the cursor of the previous page'] };
  return { ok: true, value: { limit, cursor: query.cursor } };
}
