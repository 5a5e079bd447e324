import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DomainError } from '../domain/errors.ts';
import { buildVietQrPayload, type VietQrRequest } from '../domain/vietqr.ts';
import { qrSvg } from '../web/qr-svg.ts';

export const VIETQR_USAGE = `soquy vietqr --bin BIN --account NUMBER [--amount VND] [--memo TEXT] [--svg FILE]
                    prints the VietQR payload for a transfer to the account (with --amount, a QR
                    that fills the amount in) and writes it as an SVG image to FILE; no database`;

const AMOUNT_PATTERN = /^[0-9]{1,16}$/;
/** The domain's field names as the flags that set them. */
const FLAGS: Record<string, string> = {
  bin: '--bin',
  accountNumber: '--account',
  amountVnd: '--amount',
  memo: '--memo',
};

function usage(problem: string): number {
  console.error(`soquy vietqr: ${problem}`);
  console.error(`usage: ${VIETQR_USAGE}`);
  return 2;
}

/** The request from the flags, or the reason it cannot be one. */
function requestFrom(values: Record<string, string | undefined>): VietQrRequest | string {
  if (!values.bin || !values.account) return '--bin and --account are required';
  const request: VietQrRequest = { bin: values.bin, accountNumber: values.account };
  if (values.amount !== undefined) {
    if (!AMOUNT_PATTERN.test(values.amount)) return '--amount must be a whole number of đồng, e.g. 500000';
    request.amountVnd = BigInt(values.amount);
  }
  if (values.memo !== undefined) request.memo = values.memo;
  return request;
}

/** `soquy vietqr`: exit 0 with the payload on stdout; 2 with the problems on stderr when input is invalid. */
export async function vietqr(args: string[]): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        bin: { type: 'string' },
        account: { type: 'string' },
        amount: { type: 'string' },
        memo: { type: 'string' },
        svg: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  const request = requestFrom(values);
  if (typeof request === 'string') return usage(request);
  let payload: string;
  try {
    payload = buildVietQrPayload(request);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(`soquy vietqr: ${error.message}`);
    for (const { field, detail } of error.fieldErrors) console.error(`  ${FLAGS[field] ?? field}: ${detail}`);
    return 2;
  }
  if (values.svg) {
    const title = request.memo ? `VietQR ${request.memo}` : 'VietQR';
    try {
      writeFileSync(values.svg, `${qrSvg(payload, { title })}\n`);
    } catch (error) {
      console.error(`soquy vietqr: cannot write ${values.svg}: ${(error as Error).message}`);
      return 1;
    }
    console.error(`soquy vietqr: wrote ${values.svg}`);
  }
  console.log(payload);
  return 0;
}
