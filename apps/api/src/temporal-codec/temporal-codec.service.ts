import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Payload } from '@temporalio/common';
import { APP_CONFIG, requirePayloadEncryption, type AppConfig } from '@libs/config';
import { AesGcmPayloadCodec } from '@libs/temporal/payload-codec';
import { fieldProblem, validationFailed } from '../common/field-errors';
import type { CodecPayloadDto, CodecPayloadsDto } from './dto/codec-payloads.dto';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The codec server of the Temporal Web UI and CLI: the same AES-GCM codec and keys as the worker, so authorised
 * staff can read (and, for admins, write) the case data Temporal holds encrypted.
 */
@Injectable()
export class TemporalCodecService {
  private readonly logger = new Logger(TemporalCodecService.name);
  private readonly codec: AesGcmPayloadCodec;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.codec = new AesGcmPayloadCodec(requirePayloadEncryption(config));
  }

  /**
   * Payloads this codec encrypted come back in plaintext; anything else (not encrypted, an unknown key, altered) is
   * returned unchanged, so the Web UI shows it as it is stored.
   */
  decode(body: CodecPayloadsDto, userId: string): CodecPayloadsDto {
    const payloads = toPayloads(body);
    let decoded = 0;
    const result = payloads.map((payload) => {
      try {
        const plain = this.codec.decrypt(payload);
        decoded += 1;
        return plain;
      } catch {
        return payload;
      }
    });
    // Decoding shows case text: who read how much is worth a line in the log.
    this.logger.log(`user ${userId} decoded ${decoded} of ${payloads.length} Temporal payloads`);
    return fromPayloads(result);
  }

  encode(body: CodecPayloadsDto, userId: string): CodecPayloadsDto {
    const payloads = toPayloads(body);
    this.logger.log(`user ${userId} encoded ${payloads.length} Temporal payloads`);
    return fromPayloads(payloads.map((payload) => this.codec.encrypt(payload)));
  }
}

function bytes(value: string, field: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw validationFailed(fieldProblem(field, 'isBase64', 'phải là chuỗi base64', 'must be a base64 string'));
  }
  return new Uint8Array(Buffer.from(value, 'base64'));
}

function toPayloads(body: CodecPayloadsDto): Payload[] {
  return body.payloads.map((payload: CodecPayloadDto, index) => ({
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [
        key,
        bytes(value, `payloads.${index}.metadata.${key}`),
      ]),
    ),
    data: bytes(payload.data ?? '', `payloads.${index}.data`),
  }));
}

function fromPayloads(payloads: Payload[]): CodecPayloadsDto {
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [
          key,
          Buffer.from(value ?? []).toString('base64'),
        ]),
      ),
      data: Buffer.from(payload.data ?? []).toString('base64'),
    })),
  };
}
