/** The part of jStat (npm `jstat`, which ships no types) that attnsim calls. */
declare module 'jstat' {
  export const jStat: {
    studentt: { inv(p: number, dof: number): number };
  };
}
