import { Hono } from 'hono';
import { addEvidence, readEvidenceFile } from '../../capabilities/project-evidence.ts';
import { recordHandover } from '../../capabilities/project-handover.ts';
import { addProjectMilestone, changeProjectStatus } from '../../capabilities/project-status.ts';
import { createProject, listProjects, readProject } from '../../capabilities/projects.ts';
import { evidenceFileName, reprDigestOf } from '../../domain/projects.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import {
  createProjectBody,
  listProjectsQuery,
  projectEvidenceBody,
  projectHandoverBody,
  projectMilestoneBody,
  projectStatusBody,
} from '../schemas.ts';
import { validate } from '../validation.ts';

/** Projects with their lifecycle, milestones, evidence (files or links) and handover. */
export const projectRoutes = new Hono<AppEnv>()
  .post('/', validate('json', createProjectBody), async (c) => {
    const input = c.req.valid('json');
    return sendWrite(c, await createProject(c.var.deps, await writeContext(c, input), input));
  })
  .get('/', validate('query', listProjectsQuery), async (c) =>
    c.json(await listProjects(c.var.deps, c.var.actor, c.req.valid('query'))),
  )
  .get('/:id', async (c) => c.json(await readProject(c.var.deps, c.var.actor, c.req.param('id'))))
  .post('/:id/status', validate('json', projectStatusBody), async (c) => {
    const input = { projectId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await changeProjectStatus(c.var.deps, await writeContext(c, input, 200), input));
  })
  .post('/:id/milestones', validate('json', projectMilestoneBody), async (c) => {
    const input = { projectId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await addProjectMilestone(c.var.deps, await writeContext(c, input), input));
  })
  .post('/:id/evidence', validate('json', projectEvidenceBody), async (c) => {
    const { fileName, contentType, contentBase64, ...rest } = c.req.valid('json');
    const file = contentBase64 && fileName && contentType ? { fileName, contentType, contentBase64 } : null;
    const input = { projectId: c.req.param('id'), ...rest, file };
    return sendWrite(c, await addEvidence(c.var.deps, await writeContext(c, input), input));
  })
  .get('/:id/evidence/:evidenceId', async (c) => {
    const { view, content } = await readEvidenceFile(
      c.var.deps,
      c.var.actor,
      c.req.param('id'),
      c.req.param('evidenceId'),
    );
    const contentType = view.contentType ?? 'application/octet-stream';
    return c.body(content, 200, {
      'Content-Type': contentType,
      'Content-Disposition': `inline; filename="${evidenceFileName(view.id, contentType)}"`,
      ETag: `"${view.sha256}"`,
      'Repr-Digest': reprDigestOf(view.sha256 ?? ''),
      'Cache-Control': 'private, no-store',
    });
  })
  .post('/:id/handover', validate('json', projectHandoverBody), async (c) => {
    const input = { projectId: c.req.param('id'), ...c.req.valid('json') };
    return sendWrite(c, await recordHandover(c.var.deps, await writeContext(c, input), input));
  });
