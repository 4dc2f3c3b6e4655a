import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, SessionInfo } from './actor.js';
import type { Config } from './config.js';
import type { Db } from './db.js';
import type { z } from 'zod';
import { fieldLabel } from '../../shared/labels.js';
import { errors } from './errors.js';
import { EVIDENCE_LIMIT_BYTES } from './filetype.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
  }
  interface FastifyRequest {
    session: SessionInfo | null;
    /** Set on the check-in route only: the session is checked inside its one statement; `gate` runs the usual checks when that fails. */
    deferredAuth?: { token: string; gate: () => Promise<void> };
  }
}

/** The acting user of a request; 401 when there is none. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.session) throw errors.unauthenticated();
  return req.session.actor;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function sendXlsx(reply: FastifyReply, fileName: string, body: Buffer) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(body);
}

/**
 * Read the one file of a multipart upload into memory, refusing more than maxBytes with the given message.
 * The caller checks permission and scope first, so that an outsider's upload is never read.
 */
export async function readUpload(req: FastifyRequest, maxBytes: number, messages: { missing: string; tooLarge: string }) {
  let file;
  try {
    file = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  } catch {
    throw errors.badRequest('请以 multipart/form-data 上传文件');
  }
  if (!file) throw errors.badRequest(messages.missing);
  const content = await file.toBuffer().catch((e: { code?: string }) => {
    if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw errors.tooLarge(messages.tooLarge);
    throw e;
  });
  return { name: file.filename, content };
}

/**
 * A multipart upload with its form fields: the one file, and the other fields parsed by `form` (Chinese messages naming
 * the field on bad input). Fields may come before or after the file.
 */
export async function readUploadForm<T extends z.ZodType>(req: FastifyRequest, maxBytes: number, form: T,
  messages: { missing: string; tooLarge: string }): Promise<{ name: string; content: Buffer; fields: z.output<T> }> {
  if (!req.isMultipart()) throw errors.badRequest('请以 multipart/form-data 上传文件');
  let file: { name: string; content: Buffer } | null = null;
  const raw: Record<string, string> = {};
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 30, fieldSize: 64 * 1024 } })) {
      if (part.type === 'file') file = { name: part.filename, content: await part.toBuffer() };
      else raw[part.fieldname] = String(part.value);
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw errors.tooLarge(messages.tooLarge);
    throw errors.badRequest('上传的内容不完整，请重新上传');
  }
  if (!file) throw errors.badRequest(messages.missing);
  const parsed = form.safeParse(raw);
  if (!parsed.success) {
    const errs = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: `${fieldLabel(i.path.join('.'))}：${i.message}` }));
    throw errors.badRequest(errs.map((e) => e.message).join('；'), errs);
  }
  return { ...file, fields: parsed.data };
}

/** A stored file back to the browser, shown inline (photos, PDFs) under its own name. */
export function sendFile(reply: FastifyReply, f: { contentType: string; content: Buffer; name: string }) {
  return reply.header('content-type', f.contentType).header('content-disposition', `inline; filename="file"; filename*=UTF-8''${encodeURIComponent(f.name)}`).send(f.content);
}

/** A download under its own name (Word, zip). */
export function sendDownload(reply: FastifyReply, contentType: string, fileName: string, body: Buffer) {
  return reply.header('content-type', contentType).header('content-disposition', `attachment; filename="download"; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(body);
}

/** An evidence upload, one byte over the limit read so that the service names the limit itself. */
export const readEvidence = (req: FastifyRequest) => readUpload(req, EVIDENCE_LIMIT_BYTES + 1,
  { missing: '请选择要上传的文件', tooLarge: `附件不能超过 ${EVIDENCE_LIMIT_BYTES / 1024 / 1024} MB` });
