import type { Response } from 'express';
import type { FileAnswer } from '../admin/admin-route';

/** A file an admin route answered, sent to the browser as a download. */
export function sendFileAnswer(res: Response, answer: FileAnswer): void {
  res.type(answer.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${answer.fileName.replace(/[^\w.-]/g, '_')}"`);
  answer.file.on('error', (error) => res.destroy(error));
  answer.file.pipe(res);
}
