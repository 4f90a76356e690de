// Config of the RabbitMQ broker: version, deployment mode and instance type
// (from the environment size unless overridden), checked together.
import { ConfigReader } from "./reader";
import { SizeProfile } from "./sizes";
import { checkedString, machineType } from "./data";
import {
    BROKER_DEPLOYMENT_MODES,
    BrokerDeploymentMode,
    brokerInstanceTypeProblem,
    brokerVersionProblem,
} from "../../components/messaging/types";

export interface MessagingConfig {
    readonly engineVersion: string;
    readonly deploymentMode: BrokerDeploymentMode;
    readonly instanceType: string;
}

export function readMessagingConfig(r: ConfigReader, machines: SizeProfile): MessagingConfig {
    const engineVersion = checkedString(r, "brokerEngineVersion", brokerVersionProblem);
    const deploymentMode = r.oneOf("brokerDeploymentMode", BROKER_DEPLOYMENT_MODES);
    return {
        engineVersion,
        deploymentMode,
        // Against a stand-in mode the type check would only echo the mode's problem;
        // against a refused version ("unknown" has no major) it checks the mode alone.
        instanceType: machineType(r, "brokerInstanceType", machines.brokerInstanceType,
            (t) => (r.rejected("brokerDeploymentMode") ? undefined
                : brokerInstanceTypeProblem(t, deploymentMode, r.rejected("brokerEngineVersion") ? "unknown" : engineVersion))),
    };
}
