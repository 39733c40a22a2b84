// The throw-away cluster lives in scripts/ so `npm run bench` can use it too.
export { clusterUnavailable, startCluster, type Cluster } from "../../scripts/throwaway-postgres";
