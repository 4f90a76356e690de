// Workload identity: what each catalog service is, to Kubernetes, to the mesh
// and to AWS, and what it may do; derived from the catalog.
export { AdministeredStore, administeredStores, administrationPort, apiHost, apisOfResource, AWS_APIS, AwsApi, awsApisInUse, endpointService, grantHolder, IdentityPlan, needsIam, passwordLoginClients, PlatformIdentityPlan, planIdentities, planIdentity, planPlatformIdentity, serviceAwsApis, StoreLogin, storeLogin } from "./plan";
export { dbUserArn, GrantTargets, identityPolicy, PolicyDocument, PolicyStatement } from "./policy";
export { IRSA_ANNOTATIONS, policyText, ROLE_NAME_MAX, ROLE_POLICY_MAX, WorkloadIdentities, WorkloadIdentitiesArgs, WorkloadIdentity } from "./workloadIdentities";
