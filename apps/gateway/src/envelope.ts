import type { Response } from 'express';

/** `{"success": true, "data": …, "message": …}` (DESIGN §4). */
export function sendOk(res: Response, data: object, message: string): void {
  res.status(200).json({ success: true, data, message });
}
