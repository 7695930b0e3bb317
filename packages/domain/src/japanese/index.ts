/** Text for people: Japanese names of ids, and times in JST. */
export * from './names.ts';
export * from './jst.ts';
