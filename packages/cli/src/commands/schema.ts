import { z } from 'zod';
import { documentSchema } from '@ingest/contracts';
import { EXIT, println, type CliIO } from '../io.ts';

export async function schemaCommand(_args: string[], io: CliIO): Promise<number> {
  println(io.stdout, JSON.stringify(z.toJSONSchema(documentSchema), null, 2));
  return EXIT.ok;
}
