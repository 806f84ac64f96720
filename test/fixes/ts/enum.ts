export enum Backend {
  Primary = 'postgres://app@db.internal:5432/app',
}
