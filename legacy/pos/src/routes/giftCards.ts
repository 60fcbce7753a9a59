import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { decimalToFen, type Dataset } from '../../../dataset/src/index.ts';
import { invalidRequest, notFound } from '../errors.ts';
import * as read from '../validate.ts';

/** Square's GiftCard object, as the spec subset has it. */
export interface SquareGiftCard {
  id: string;
  type: 'PHYSICAL' | 'DIGITAL';
  gan_source: 'SQUARE' | 'OTHER';
  state: 'ACTIVE' | 'DEACTIVATED' | 'BLOCKED' | 'PENDING';
  balance_money: { amount: number; currency: string };
  gan: string;
  created_at: string;
}

export interface GiftCardBook {
  byId: Map<string, SquareGiftCard>;
  byGan: Map<string, SquareGiftCard>;
}

/**
 * The gift card programme runs on the POS: the ERP knows which customer holds which card
 * number (GAN, imported as `gan_source: OTHER`), the POS holds the balance. Cards are read
 * from the ERP's card list of the dataset; ids are derived from the GAN so they are stable.
 */
export function buildGiftCards(dataset: Dataset): GiftCardBook {
  const cards = dataset.erp.customers.flatMap((c) =>
    c.cards
      .filter((card) => card.kind === 'GIFT')
      .map((card): SquareGiftCard => ({
        id: `gftc:${createHash('sha256').update(card.number).digest('hex').slice(0, 32)}`,
        type: 'PHYSICAL',
        gan_source: 'OTHER',
        state: 'ACTIVE',
        balance_money: { amount: decimalToFen(card.balance ?? '0.00'), currency: 'CNY' },
        gan: card.number,
        created_at: card.issuedAt,
      })),
  );
  return { byId: new Map(cards.map((c) => [c.id, c])), byGan: new Map(cards.map((c) => [c.gan, c])) };
}

export function giftCardRoutes(app: FastifyInstance, book: GiftCardBook): void {
  app.post('/v2/gift-cards/from-gan', async (request) => {
    const gan = read.string(read.body(request.body).gan, 'gan');
    if (!gan) throw invalidRequest('MISSING_REQUIRED_PARAMETER', 'Field must be set', 'gan');
    if (gan.length > 255) throw invalidRequest('VALUE_TOO_LONG', 'Field must not be greater than 255 length', 'gan');
    const card = book.byGan.get(gan);
    if (!card) throw notFound('Gift card not found.');
    return { gift_card: card };
  });

  app.get<{ Params: { id: string } }>('/v2/gift-cards/:id', async (request) => {
    const card = book.byId.get(request.params.id);
    if (!card) throw notFound(`Gift card with ID \`${request.params.id}\` not found.`);
    return { gift_card: card };
  });
}
