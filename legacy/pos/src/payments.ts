import type { SquareOrder, SquarePayment, SquarePaymentRefund, SquareTender } from './wire.ts';

/**
 * Payments API view of the till: one Payment per tender (Square gives the tender the payment's
 * id), one PaymentRefund per refund on a return order.
 */
const PAYMENT_STATUS: Record<SquareOrder['state'], SquarePayment['status']> = {
  COMPLETED: 'COMPLETED',
  OPEN: 'APPROVED',
  DRAFT: 'PENDING',
  CANCELED: 'CANCELED',
};

export function refundsOf(returnOrders: readonly SquareOrder[], sales: readonly SquareOrder[]): SquarePaymentRefund[] {
  const tenders = new Map<string, SquareTender>();
  for (const sale of sales) for (const t of sale.tenders ?? []) tenders.set(t.id, t);
  const out: SquarePaymentRefund[] = [];
  for (const order of returnOrders) {
    for (const refund of order.refunds ?? []) {
      const tender = refund.tender_id ? tenders.get(refund.tender_id) : undefined;
      out.push({
        id: refund.id,
        status: refund.status === 'APPROVED' ? 'COMPLETED' : refund.status,
        location_id: refund.location_id,
        unlinked: tender === undefined,
        destination_type: destinationType(tender),
        amount_money: refund.amount_money,
        ...(tender && { payment_id: tender.payment_id }),
        order_id: order.id,
        reason: refund.reason,
        created_at: refund.created_at,
        updated_at: order.updated_at,
      });
    }
  }
  return out;
}

function destinationType(tender: SquareTender | undefined): string {
  if (!tender) return 'CASH';
  if (tender.type === 'CASH') return 'CASH';
  if (tender.type === 'OTHER') return 'EXTERNAL';
  return 'CARD';
}

export function paymentsOf(sales: readonly SquareOrder[], refunds: readonly SquarePaymentRefund[]): SquarePayment[] {
  const refundsByPayment = new Map<string, SquarePaymentRefund[]>();
  for (const r of refunds) {
    if (!r.payment_id) continue;
    const list = refundsByPayment.get(r.payment_id) ?? [];
    list.push(r);
    refundsByPayment.set(r.payment_id, list);
  }
  const out: SquarePayment[] = [];
  for (const order of sales) {
    for (const tender of order.tenders ?? []) {
      const own = refundsByPayment.get(tender.id) ?? [];
      const refunded = own.filter((r) => r.status === 'COMPLETED').reduce((sum, r) => sum + r.amount_money.amount, 0);
      const payment: SquarePayment = {
        id: tender.id,
        created_at: tender.created_at,
        updated_at: order.updated_at,
        amount_money: tender.amount_money,
        total_money: tender.amount_money,
        approved_money: tender.amount_money,
        ...(refunded > 0 && { refunded_money: { amount: refunded, currency: tender.amount_money.currency } }),
        status: PAYMENT_STATUS[order.state],
        source_type: tender.type === 'CASH' ? 'CASH' : tender.type === 'OTHER' ? 'EXTERNAL' : 'CARD',
        location_id: tender.location_id,
        order_id: order.id,
        ...(tender.customer_id && { customer_id: tender.customer_id }),
        ...(own.length > 0 && { refund_ids: own.map((r) => r.id) }),
        receipt_number: tender.id.slice(0, 4),
      };
      if (tender.card_details) {
        payment.card_details = { ...tender.card_details, status: order.state === 'CANCELED' ? 'VOIDED' : 'CAPTURED' };
      } else if (tender.cash_details) {
        payment.cash_details = {
          buyer_supplied_money: tender.cash_details.buyer_tendered_money,
          change_back_money: tender.cash_details.change_back_money,
        };
      } else {
        payment.external_details = { type: 'OTHER', source: 'Other tender at the till' };
      }
      out.push(payment);
    }
  }
  return out;
}
