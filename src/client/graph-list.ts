import type { z } from 'zod';
import type { GraphListOutputSchema } from '../api/http-responses.js';

/** `GET /graphs`: the graphs a server serves, sorted by id, with their storage URIs. */
export type GraphList = z.output<typeof GraphListOutputSchema>;
