export { SparkStandaloneCluster, RunningSparkCluster, parseWorkerMemory, resolveSparkMaster, type ClusterStatus } from './spark-cluster';
export { readClusterState, clusterStatePath, CLUSTER_STATE_FILE, type ClusterState, type ClusterProcess } from './cluster-state';
export { fetchMasterJson, type MasterJson, type MasterApp } from './master-status';
export { pysparkHome } from './spark-home';
