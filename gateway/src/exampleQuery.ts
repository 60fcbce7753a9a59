/** The customer-360 query the README, the start banner and the IDE show. */
export function customer360Query(phone: string): string {
  return `query Customer360 {
  findCustomers(phone: "${phone}") {
    id
    name
    emails
    phones
    identities { system externalId matchedBy }
    orders(first: 10) {
      totalCount
      nodes {
        number
        channel
        sourceSystem
        status
        sourceStatus
        placedAt
        totals { grandTotal { amount currency } }
        lines { sku quantity product { name } }
      }
    }
  }
}`;
}
