import { decide } from './decide.js';
import { evolve, initialState } from './state.js';

/** The transfer case as a decider: `decide` what a command records, `evolve` the state by each recorded event. */
export const Decider = { decide, evolve, initialState } as const;
