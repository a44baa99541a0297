// Type declarations for the two pure-JS decoders the table layer uses (neither ships types).
declare module 'seek-bzip' {
  const Bunzip: { decode(input: Uint8Array, output?: undefined, multistream?: boolean): Buffer };
  export = Bunzip;
}
declare module 'snappyjs' {
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  export function compress(input: Uint8Array): Uint8Array;
}
