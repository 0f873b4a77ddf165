/** The RASP program library (`rasp.lib`): each program is a function returning an s-op; see each file's examples. */
export {
  makeContains, makeCount, makeFracPrevs, makeIsFirstOccurrence, makeLength, makeReverse, makeWindowMax, makeWindowMin,
  markFirstInstance, markLastInstance, shiftBy,
} from './basic';
export { makeDyckPTF, makePairBalance, makeShuffleDyck } from './dyck';
export { makeCountLessFreq, makeDoubleHist, makeHist } from './hist';
export { detectPattern } from './pattern';
export { makeSort, makeSortFreq, makeSortUnique } from './sort';
import * as tracr from './tracr';
/** Ports of tracr's compiler/lib.py, to compare the two compilers program by program. */
export { tracr };
