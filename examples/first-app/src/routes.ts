import { randomUUID } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import { batchWrite, keysOf, requireTenant, TransactionCanceledError, transaction } from '../../../src/index.js';
import { Task, TaskIndexes } from './entities.js';
import { isId, parseMove, parseNewProject, parseNewTasks, parsePage } from './input.js';
import type { Repositories } from './repositories.js';

const TaskKeys = keysOf(Task);

/** A request whose body is unknown JSON (checked in input.ts) and whose route has the parameters P. */
type JsonRequest<P> = Request<P, unknown, unknown>;

/**
 * The routes of one tenant, mounted under /api/tenants/:tenantId behind the
 * tenant middleware. No client is passed anywhere: each request runs on its
 * tenant's client, and requireTenant() says which tenant that is.
 */
export function tenantRoutes({ projects, tasks }: Repositories): Router {
  const router = Router({ mergeParams: true });

  // POST /projects: create a project; its id must be new (409 otherwise, see errors.ts).
  router.post('/projects', async (req: JsonRequest<Record<string, string>>, res: Response) => {
    const input = parseNewProject(req.body);
    if (!input.ok) return void res.status(400).json({ error: 'invalid_project', problems: input.problems });
    const project = projects.create({ tenantId: requireTenant(), ...input.value });
    const { item } = await projects.put.withItem(project).execute(); // ItemExistsError when the id is taken
    res.status(201).location(`/api/tenants/${res.locals.tenantId}/projects/${item.projectId}`).json(item);
  });

  // POST /projects/:projectId/tasks: create up to 100 tasks in one batch.
  router.post('/projects/:projectId/tasks', async (req: JsonRequest<{ projectId: string }>, res: Response) => {
    const tenantId = requireTenant();
    const { projectId } = req.params;
    const input = parseNewTasks(req.body);
    if (!input.ok) return void res.status(400).json({ error: 'invalid_tasks', problems: input.problems });
    const { item: project } = isId(projectId) ? await projects.get.withKey({ tenantId, projectId }).execute() : {};
    if (!project) return void res.status(404).json({ error: 'project_not_found' });
    const created = input.value.map((task) => tasks.create({ tenantId, projectId, taskId: randomUUID(), ...task }));
    // A batch write cannot check versions; these ids are new, so there is nothing it could overwrite.
    const written = await batchWrite((batch) => {
      batch.skipVersionChecks();
      for (const task of created) batch.put(tasks, (b) => b.withItem(task));
    });
    // The tasks as stored: with their createdAt and version.
    res.status(201).json({ tasks: written.itemsOf(tasks) });
  });

  // GET /projects/:projectId/tasks?limit=&cursor=: one page of the project's tasks, and the cursor of the next.
  router.get('/projects/:projectId/tasks', async (req: Request<{ projectId: string }>, res: Response) => {
    const page = parsePage(req.query);
    if (!page.ok) return void res.status(400).json({ error: 'invalid_page', problems: page.problems });
    // The key's parts: the tenant's partition, and the sort keys that start with PROJECT#<projectId>#.
    const partition = { tenantId: requireTenant() };
    const project = { projectId: req.params.projectId };
    const result = await tasks.query
      .where(`${TaskKeys.pk.attribute} = {0} AND begins_with(${TaskKeys.sk.attribute}, {1})`, partition, project)
      .limit(page.value.limit)
      .startAt(page.value.cursor) // a cursor that was altered, or is another query's, is a 400 (errors.ts)
      .execute();
    res.json({ items: result.items, cursor: result.cursor });
  });

  // GET /assignees/:assignee/tasks?limit=&cursor=: one person's tasks in every project, through ByAssignee.
  router.get('/assignees/:assignee/tasks', async (req: Request<{ assignee: string }>, res: Response) => {
    const page = parsePage(req.query);
    if (!page.ok) return void res.status(400).json({ error: 'invalid_page', problems: page.problems });
    const result = await tasks.query
      .withIndex(TaskIndexes.ByAssignee)
      .where(`${TaskIndexes.ByAssignee.partitionKey} = {0}`, {
        tenantId: requireTenant(),
        assignee: req.params.assignee,
      })
      .limit(page.value.limit)
      .startAt(page.value.cursor)
      .execute();
    res.json({ items: result.items, cursor: result.cursor });
  });

  // POST /projects/:projectId/tasks/:taskId/move: the task changes key, so it is deleted and put again,
  // in one transaction that also checks that the other project exists.
  router.post(
    '/projects/:projectId/tasks/:taskId/move',
    async (req: JsonRequest<{ projectId: string; taskId: string }>, res: Response) => {
      const tenantId = requireTenant();
      const { projectId, taskId } = req.params;
      const to = parseMove(req.body);
      if (!to.ok) return void res.status(400).json({ error: 'invalid_move', problems: to.problems });
      if (to.value === projectId) return void res.status(400).json({ error: 'same_project' });
      const found = isId(projectId) && isId(taskId);
      const { item: task } = found ? await tasks.get.withKey({ tenantId, projectId, taskId }).execute() : {};
      if (!task?.version) return void res.status(404).json({ error: 'task_not_found' });
      const version = task.version;
      const moved = tasks.create({ ...task, projectId: to.value });
      try {
        await transaction((tx) =>
          tx
            .conditionCheck(projects, (b) =>
              b.withKey({ tenantId, projectId: to.value }).where('attribute_exists(projectId)'),
            )
            .delete(tasks, (b) => b.withKey({ tenantId, projectId, taskId }).expectVersion(version))
            .put(tasks, (b) => b.withItem(moved).asNew()),
        );
      } catch (error) {
        if (!(error instanceof TransactionCanceledError)) throw error;
        const [project, deleted] = error.reasons.map((reason) => reason.code === 'ConditionalCheckFailed');
        if (project) return void res.status(404).json({ error: 'project_not_found' });
        if (deleted) return void res.status(409).json({ error: 'task_changed', message: 'read the task again' });
        throw error;
      }
      res.json({ ...moved, version: 1 });
    },
  );

  return router;
}
