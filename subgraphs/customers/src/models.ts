import type { Cluster } from './identity/cluster.ts';

/** A resolved person: the cluster of their records across systems. */
export interface CustomerModel {
  id: string;
  cluster: Cluster;
}
