// `node --import` this into a child process (the browser host) so it runs on the tests' timeline:
// `LEDGERLINE_CLOCK_OFFSET_MS` is how far the test process's clock is shifted (calendar.mjs).
import { installShiftedDate } from './calendar.mjs';

const offset = Number(process.env.LEDGERLINE_CLOCK_OFFSET_MS ?? '');
if (Number.isFinite(offset) && offset !== 0) installShiftedDate(offset);
