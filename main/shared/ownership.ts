/** Another user's process: acting on it needs the user's confirmation (and usually elevated rights). */
export function isOtherUsers(uid: number | null, selfUid: number | null): boolean {
  return uid !== null && selfUid !== null && uid !== selfUid;
}
