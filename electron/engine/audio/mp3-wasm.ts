// MP3 through mpg123-decoder's own wasm decoder with the package's feed and read loop
// (MPEGDecoder.decode: the same wasm calls in the same order, so the same samples),
// but the samples go straight from the decoder's output buffer into two per-channel
// buffers reused from call to call. The package copies each read twice (a slice per
// channel, then their concatenation into new arrays per call): measured on 8 typical
// tracks, that was about a third of all the typed arrays the analysis allocated.
//
// It drives the package's decoder object's internals (its wasm exports and the
// buffers it shares with them), which are not public API: the dependency is pinned
// exactly, and `fastMp3Decoder` returns null (the caller then uses the package's
// public decode()) when the object does not have the shape read here.
import type { WasmDecoded } from './wasm-result';

interface Cell<T> {
  ptr: number;
  len: number;
  buf: T;
}

/** The ready MPEGDecoder of mpg123-decoder 1.0.3 (src/MPEGDecoder.js). */
interface InnerMp3Decoder {
  _common: {
    wasm: {
      mpeg_decoder_feed(decoder: number, input: number, length: number): number;
      mpeg_decoder_read(
        decoder: number,
        output: number,
        outputLength: number,
        samplesDecoded: number,
        sampleRate: number,
        errorString: number,
      ): number;
    };
    addError(
      errors: { message: string }[],
      message: string,
      frameLength: number,
      frameNumber: number,
      inputBytes: number,
      outputSamples: number,
    ): void;
  };
  _decoder: number;
  _input: Cell<Uint8Array>;
  _output: Cell<Float32Array>;
  _samplesDecodedPtr: Cell<Uint32Array>;
  _sampleRatePtr: Cell<Uint32Array>;
  _errorStringPtr: Cell<Uint32Array>;
  _inputBytes: number;
  _outputSamples: number;
  _frameNumber: number;
  _getErrorMessage(error: number): string;
}

function isCell(c: unknown, type: abstract new (...args: never[]) => object): boolean {
  const x = c as Partial<Cell<unknown>> | undefined;
  return !!x && typeof x.ptr === 'number' && typeof x.len === 'number' && x.buf instanceof type;
}

function isInner(d: unknown): d is InnerMp3Decoder {
  const x = d as Partial<InnerMp3Decoder> | undefined;
  return (
    !!x &&
    typeof x._common?.wasm?.mpeg_decoder_feed === 'function' &&
    typeof x._common.wasm.mpeg_decoder_read === 'function' &&
    typeof x._common.addError === 'function' &&
    typeof x._decoder === 'number' &&
    isCell(x._input, Uint8Array) &&
    isCell(x._output, Float32Array) &&
    isCell(x._samplesDecodedPtr, Uint32Array) &&
    isCell(x._sampleRatePtr, Uint32Array) &&
    isCell(x._errorStringPtr, Uint32Array) &&
    typeof x._inputBytes === 'number' &&
    typeof x._outputSamples === 'number' &&
    typeof x._frameNumber === 'number' &&
    typeof x._getErrorMessage === 'function'
  );
}

/** mpg123's "needs more input" and "new format" codes (the package's loop reads them so). */
const NEED_MORE = -10;
const NEW_FORMAT = -11;

export class Mp3WasmDecoder {
  /** Per channel (always two, as the package gives), the samples of the current call. */
  private acc: [Float32Array, Float32Array] = [new Float32Array(65536), new Float32Array(65536)];

  constructor(private readonly d: InnerMp3Decoder) {}

  /** Decodes `data`; the channel data is valid until the next call. */
  decode(data: Uint8Array): WasmDecoded {
    const d = this.d;
    const wasm = d._common.wasm;
    const errors: { message: string }[] = [];
    let samples = 0;
    for (let offset = 0, length = 0; offset < data.length; offset += length) {
      const chunk = data.subarray(offset, d._input.len + offset);
      length = chunk.length;
      d._inputBytes += length;
      d._input.buf.set(chunk);
      let error = wasm.mpeg_decoder_feed(d._decoder, d._input.ptr, length);
      if (error === NEED_MORE) continue;
      for (;;) {
        d._samplesDecodedPtr.buf[0] = 0;
        error = wasm.mpeg_decoder_read(
          d._decoder,
          d._output.ptr,
          d._output.len,
          d._samplesDecodedPtr.ptr,
          d._sampleRatePtr.ptr,
          d._errorStringPtr.ptr,
        );
        const n = d._samplesDecodedPtr.buf[0]!;
        d._outputSamples += n;
        if (n) {
          this.append(d._output.buf, n, samples);
          samples += n;
        }
        if (error === NEW_FORMAT) continue;
        if (error === NEED_MORE) break;
        if (error) {
          const message = d._getErrorMessage(error);
          console.error('mpg123-decoder: ' + message);
          d._common.addError(errors, message, 0, d._frameNumber, d._inputBytes, d._outputSamples);
        }
      }
    }
    const channelData = this.acc.map((c) => c.subarray(0, samples));
    return { channelData, samplesDecoded: samples, sampleRate: d._sampleRatePtr.buf[0]!, errors };
  }

  /** Appends a read's planar output (left then right, n each) at `at`, growing the buffers by doubling. */
  private append(output: Float32Array, n: number, at: number): void {
    for (let c = 0; c < 2; c++) {
      let acc = this.acc[c]!;
      if (acc.length < at + n) {
        const grown = new Float32Array(Math.max(2 * acc.length, at + n));
        grown.set(acc.subarray(0, at));
        this.acc[c] = acc = grown;
      }
      acc.set(output.subarray(c * n, (c + 1) * n), at);
    }
  }
}

/** The fast decoder over a ready MPEGDecoder, or null when it is not the one read here. */
export function fastMp3Decoder(packageDecoder: unknown): Mp3WasmDecoder | null {
  return isInner(packageDecoder) ? new Mp3WasmDecoder(packageDecoder) : null;
}
