// Ogg Vorbis through @wasm-audio-decoders/ogg-vorbis's own wasm decoder, fed packets
// by ogg-packets.ts instead of by the package's codec-parser. The same libvorbis calls
// in the same order (identification header, setup header, then one decode_packets
// call per audio packet), so the same samples; measured on a 3-minute track, the
// package's JavaScript around the decoder (codec-parser's objects for every page and
// packet, two arrays per channel and packet, their concatenation, the garbage) took
// a third of its decoding CPU.
//
// It drives the package's inner decoder object (`_decoder`, its wasm exports and the
// buffers it shares with them), which is not public API: the dependency is pinned
// exactly, and `fastVorbisDecoder` returns null (the caller then uses the package's
// public decode()) when that object does not have the shape read here.
import { OggPacketReader } from './ogg-packets';
import type { WasmDecoded } from './wasm-result';

interface Cell {
  buf: { [i: number]: number; length: number };
}

/** The inner decoder of @wasm-audio-decoders/ogg-vorbis 0.1.20 (src/OggVorbisDecoder.js, `Decoder`). */
interface InnerDecoder {
  _common: {
    wasm: { HEAP: ArrayBuffer; decode_packets(decoder: number): void };
    codeToString(ptr: number): string;
  };
  _decoder: number;
  _input: { buf: Uint8Array };
  _inputLen: Cell;
  _outputBufferPtr: Cell;
  _channels: Cell;
  _sampleRate: Cell;
  _samplesDecoded: Cell;
  _errors: Cell;
  _errorsLength: Cell;
  sendSetupHeader(data: Uint8Array): void;
  initDsp(): void;
}

function isInner(d: unknown): d is InnerDecoder {
  const x = d as Partial<InnerDecoder> | undefined;
  return (
    !!x &&
    typeof x._common?.wasm?.decode_packets === 'function' &&
    x._common.wasm.HEAP instanceof ArrayBuffer &&
    typeof x._common.codeToString === 'function' &&
    typeof x._decoder === 'number' &&
    x._input?.buf instanceof Uint8Array &&
    [
      x._inputLen,
      x._outputBufferPtr,
      x._channels,
      x._sampleRate,
      x._samplesDecoded,
      x._errors,
      x._errorsLength,
    ].every((c) => !!c && ArrayBuffer.isView(c.buf)) &&
    typeof x.sendSetupHeader === 'function' &&
    typeof x.initDsp === 'function'
  );
}

/** What a stream's packets are, by their first byte (as codec-parser tells them apart). */
interface StreamState {
  vorbis: boolean;
  setupDone: boolean;
  setup: Uint8Array | null;
  /** Granule position of the stream's previous page; null before its first. */
  granule: number | null;
}

export class VorbisWasmDecoder {
  private readonly reader = new OggPacketReader();
  private readonly streams = new Map<number, StreamState>();
  private setupInProgress = true;
  /** Per channel, the samples of the current call, reused from call to call. */
  private acc: Float32Array[] = [];
  private decodedTotal = 0;

  constructor(private readonly inner: InnerDecoder) {}

  /** Decodes whole pages (EarlyEosFilter's output); the channel data is valid until the next call. */
  decode(bytes: Uint8Array): WasmDecoded {
    const pages = this.reader.read(bytes);
    const errors: { message: string }[] = [];
    let samples = 0;
    let lastPageFrom = 0;
    let lastGranuleSpan = 0;
    for (const page of pages) {
      let st = this.streams.get(page.serial);
      if (!st) {
        const id = page.packets[0];
        const vorbis = !!id && id.length >= 7 && String.fromCharCode(...id.subarray(0, 7)) === '\x01vorbis';
        st = { vorbis, setupDone: false, setup: null, granule: null };
        this.streams.set(page.serial, st);
      }
      if (this.setupInProgress && page.body[0] === 1) this.inner.sendSetupHeader(page.body);
      lastPageFrom = samples;
      lastGranuleSpan = st.granule === null ? 0 : page.granule - st.granule;
      st.granule = page.granule;
      if (!st.vorbis) continue;
      for (const packet of page.packets) {
        const type = packet[0];
        if (type === 1) st.setupDone = false;
        else if (type === 5) {
          st.setup = packet;
          st.setupDone = true;
        } else if (type !== 3 && st.setupDone) {
          if (this.setupInProgress) {
            this.inner.sendSetupHeader(st.setup!);
            this.inner.initDsp();
            this.setupInProgress = false;
          }
          samples += this.decodePacket(packet, samples, errors);
        }
      }
    }
    // The package trims what the stream's last page decodes to the span of its
    // granule position from the stream's page before (only there: some streams
    // carry nonsense granule positions before their end).
    const last = pages[pages.length - 1];
    if (last?.eos) {
      const onLast = samples - lastPageFrom;
      const keep = Math.min(Math.max(lastGranuleSpan, 0), onLast);
      samples -= onLast - keep;
    }
    this.decodedTotal += samples;
    // The channel count is read only with samples: before the setup it is uninitialised memory.
    const channels = samples > 0 ? this.inner._channels.buf[0]! : 0;
    const channelData: Float32Array[] = [];
    // Views of the buffers the next call reuses (a copy per call was the track's samples again in garbage).
    for (let c = 0; c < channels; c++) channelData.push(this.acc[c]!.subarray(0, samples));
    return { channelData, samplesDecoded: samples, sampleRate: this.inner._sampleRate.buf[0]!, errors };
  }

  /** Returns how many samples the packet decoded to, appended to `acc` at `at`. */
  private decodePacket(packet: Uint8Array, at: number, errors: { message: string }[]): number {
    const d = this.inner;
    d._input.buf.set(packet);
    d._inputLen.buf[0] = packet.length;
    d._common.wasm.decode_packets(d._decoder);
    const n = d._samplesDecoded.buf[0]!;
    const channels = d._channels.buf[0]!;
    const heap = d._common.wasm.HEAP;
    if (n > 0) {
      const pointers = new Uint32Array(heap, d._outputBufferPtr.buf[0], channels);
      for (let c = 0; c < channels; c++) {
        let acc = this.acc[c];
        if (!acc || acc.length < at + n) {
          const grown = new Float32Array(Math.max(2 * (acc?.length ?? 0), at + n, 65536));
          if (acc) grown.set(acc.subarray(0, at));
          this.acc[c] = acc = grown;
        }
        acc.set(new Float32Array(heap, pointers[c]!, n), at);
      }
    }
    const errorCount = d._errorsLength.buf[0]!;
    for (let i = 0; i < errorCount; i += 2) {
      const what = d._common.codeToString(d._errors.buf[i]!);
      const where = d._common.codeToString(d._errors.buf[i + 1]!);
      errors.push({ message: `${what} vorbis_synthesis${where}` });
    }
    d._errorsLength.buf[0] = 0;
    return n;
  }
}

/** The fast decoder over a ready OggVorbisDecoder, or null when its inner decoder is not the one read here. */
export function fastVorbisDecoder(packageDecoder: unknown): VorbisWasmDecoder | null {
  const inner = (packageDecoder as { _decoder?: unknown } | null)?._decoder;
  return isInner(inner) ? new VorbisWasmDecoder(inner) : null;
}
