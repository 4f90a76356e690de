// Stack-wide: each Ingress judged by the controller that builds its
// listeners (kubernetesIngress.ts). Its class is `spec.ingressClassName`,
// else the legacy `kubernetes.io/ingress.class` annotation, else the stack's
// default IngressClass (`ingressclass.kubernetes.io/is-default-class`); an
// IngressClass of the stack names its controller (`ingress.k8s.aws/alb`,
// `k8s.io/ingress-nginx`) and, for the ALB, its IngressClassParams. A class
// the stack does not define is known by its usual name ("alb", "nginx"); an
// Ingress whose class is none of these is read by the controller annotations
// it carries (under each, when it carries several), else generically. The
// AWS Load Balancer Controller's `--default-ssl-policy` is read from its Helm
// release or chart in the stack (`defaultSSLPolicy`), else its built-in
// ELBSecurityPolicy-2016-08. Cost: classes, parameters, Services and groups
// are indexed once; each Ingress is judged once.
import { field, INVALID, Read, readObject, readString, UNKNOWN, Unknown } from "../lib/read";
import { StackGraph, StackResource } from "../lib/stack";
import { TlsPolicyChoice } from "../lib/tlsPolicies";
import { Guard, StackViolation, Violation } from "../lib/violation";
import { ALB, AlbContext, albIngressViolations, albListenPorts, annotation, INGRESS_PATCH_TYPES, INGRESS_TYPES, IngressReading, ingressViolations, NGINX, nginxIngressViolations } from "./kubernetesIngress";

const INGRESS_CLASSES = ["kubernetes:networking.k8s.io/v1:IngressClass", "kubernetes:networking.k8s.io/v1beta1:IngressClass"];
const CLASS_PARAMS = ["kubernetes:elbv2.k8s.aws/v1beta1:IngressClassParams"];
const SERVICES = ["kubernetes:core/v1:Service"];
const HELM = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v3:Chart", "kubernetes:helm.sh/v4:Chart"];

/** Controllers by the name an IngressClass gives them. A Map: text never finds Object.prototype's members. */
const CONTROLLERS: ReadonlyMap<string, IngressReading> = new Map([
    ["ingress.k8s.aws/alb", "alb"],
    ["k8s.io/ingress-nginx", "nginx"],
]);
/** The usual class names, for a class the stack does not define. */
const USUAL_NAMES: ReadonlyMap<string, IngressReading> = new Map([
    ["alb", "alb"],
    ["nginx", "nginx"],
]);

/** The AWS Load Balancer Controller's built-in --default-ssl-policy (pkg/config/controller_config.go, v2.4 to v3.x). */
export const LBC_DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08";

/** The readings an Ingress gets, and its class's IngressClassParams (UNKNOWN when not known yet). */
interface Readings {
    readonly readings: IngressReading[];
    readonly params?: Readonly<Record<string, unknown>> | Unknown;
}

interface IngressClass {
    readonly reading: Read<IngressReading | undefined>;
    readonly params?: Readonly<Record<string, unknown>> | typeof UNKNOWN;
}

const nameOf = (r: StackResource): Read<string> => readString(field(readObject(r.props.metadata), "name"));
const namespaceOf = (r: StackResource): Read<string> => {
    const ns = readString(field(readObject(r.props.metadata), "namespace"));
    return ns === undefined || ns === "" ? "default" : ns;
};

export function ingressClassViolations(graph: StackGraph, choice: TlsPolicyChoice, guard: Guard): StackViolation[] {
    const ingresses = graph.ofTypes([...INGRESS_TYPES, ...INGRESS_PATCH_TYPES]);
    if (ingresses.length === 0) {
        return [];
    }
    const params = new Map<string, Readonly<Record<string, unknown>> | typeof UNKNOWN>();
    for (const p of graph.ofTypes(CLASS_PARAMS)) {
        const name = nameOf(p);
        if (typeof name === "string") {
            const spec = readObject(p.props.spec);
            params.set(name, spec === UNKNOWN ? UNKNOWN : spec ?? {});
        }
    }
    const classes = new Map<string, IngressClass>();
    let defaultClass: IngressClass | undefined;
    for (const c of graph.ofTypes(INGRESS_CLASSES)) {
        const name = nameOf(c);
        const spec = readObject(c.props.spec);
        const controller = readString(field(spec, "controller"));
        const ref = readObject(field(spec, "parameters"));
        const refName = readString(field(ref, "name"));
        const cls: IngressClass = {
            reading: controller === UNKNOWN ? UNKNOWN : typeof controller === "string" ? CONTROLLERS.get(controller) ?? "generic" : undefined,
            params: ref === UNKNOWN || refName === UNKNOWN ? UNKNOWN : typeof refName === "string" && readString(field(ref, "kind")) === "IngressClassParams" ? params.get(refName) : undefined,
        };
        if (typeof name === "string") {
            classes.set(name, cls);
        }
        if (annotation(c.props, "ingressclass.kubernetes.io/is-default-class") === "true") {
            defaultClass = cls;
        }
    }
    // Backend Services' backend-protocol annotations, by namespace and name.
    const services = new Map<string, Read<string>>();
    for (const s of graph.ofTypes(SERVICES)) {
        const name = nameOf(s);
        const ns = namespaceOf(s);
        if (typeof name === "string" && typeof ns === "string") {
            services.set(`${ns}/${name}`, annotation(s.props, `${ALB}backend-protocol`));
        }
    }
    const defaultSslPolicy = controllerDefaultPolicy(graph);

    // Which reading each Ingress gets, then the ALB groups' redirect ports and HTTPS listeners (the settings are group-wide).
    const judged: { ing: StackResource; readings: Readings | Unknown }[] = ingresses.map((ing) => ({ ing, readings: readingsOf(ing) }));
    const groupRedirect = new Map<string, number | typeof INVALID | typeof UNKNOWN>();
    const groupHttps = new Map<string, Set<number>>();
    for (const { ing, readings } of judged) {
        if (readings === UNKNOWN || !readings.readings.includes("alb")) {
            continue;
        }
        const group = groupOf(ing, readings.params);
        const raw = readString(field(readings.params === UNKNOWN ? undefined : readings.params, "sslRedirectPort")) ?? annotation(ing.props, `${ALB}ssl-redirect`);
        if (raw === UNKNOWN) {
            groupRedirect.set(group, UNKNOWN);
        } else if (typeof raw === "string" && groupRedirect.get(group) !== UNKNOWN) {
            groupRedirect.set(group, /^[+-]?[0-9]+$/.test(raw.trim()) ? Number(raw.trim()) : INVALID);
        }
        const ports = albListenPorts(ing.props, readings.params === UNKNOWN ? undefined : readings.params);
        if (ports instanceof Map) {
            const set = groupHttps.get(group) ?? new Set<number>();
            ports.forEach((p, port) => p === "HTTPS" && set.add(port));
            groupHttps.set(group, set);
        }
    }

    const out: StackViolation[] = [];
    for (const { ing, readings } of judged) {
        out.push(...guard(ing.urn, () => {
            if (readings === UNKNOWN) {
                return [];
            }
            const patch = INGRESS_PATCH_TYPES.includes(ing.type);
            const found: Violation[] = [];
            for (const reading of readings.readings) {
                if (reading === "generic") {
                    found.push(...ingressViolations(ing.props, patch));
                } else if (reading === "nginx") {
                    found.push(...nginxIngressViolations(ing.props, patch));
                } else {
                    if (readings.params === UNKNOWN) {
                        continue;
                    }
                    const group = groupOf(ing, readings.params);
                    const ns = namespaceOf(ing);
                    const ctx: AlbContext = {
                        params: readings.params,
                        groupRedirect: groupRedirect.get(group),
                        groupHttpsPorts: groupHttps.get(group) ?? new Set(),
                        serviceBackendProtocol: (name) => (ns === UNKNOWN ? UNKNOWN : services.get(`${ns}/${name}`)),
                        defaultSslPolicy,
                    };
                    found.push(...albIngressViolations(ing.props, choice, ctx, patch));
                }
            }
            // The same field can fail under two readings: report it once.
            const seen = new Set<string>();
            return found.filter((v) => !seen.has(v.field) && seen.add(v.field)).map((v) => ({ ...v, urn: ing.urn }));
        }));
    }
    return out;

    function readingsOf(ing: StackResource): Readings | Unknown {
        const spec = readObject(ing.props.spec);
        const fromSpec = readString(field(spec, "ingressClassName"));
        const fromAnnotation = annotation(ing.props, "kubernetes.io/ingress.class");
        if (spec === UNKNOWN || fromSpec === UNKNOWN || (fromSpec === undefined && fromAnnotation === UNKNOWN)) {
            return UNKNOWN;
        }
        const name = fromSpec ?? fromAnnotation;
        const cls = typeof name === "string" ? classes.get(name) : defaultClass;
        if (cls) {
            if (cls.reading === UNKNOWN) {
                return UNKNOWN;
            }
            if (cls.reading !== undefined) {
                return { readings: [cls.reading], params: cls.params };
            }
        }
        const usual = typeof name === "string" ? USUAL_NAMES.get(name) : undefined;
        if (usual) {
            return { readings: [usual] };
        }
        // A class the pack cannot place: read by the controller annotations it carries.
        const annotations = readObject(field(readObject(ing.props.metadata), "annotations"));
        const keys = annotations === UNKNOWN || annotations === undefined ? [] : Object.keys(annotations);
        const readings: IngressReading[] = [];
        if (keys.some((k) => k.startsWith(ALB))) {
            readings.push("alb");
        }
        if (keys.some((k) => k.startsWith(NGINX))) {
            readings.push("nginx");
        }
        return { readings: readings.length > 0 ? readings : ["generic"] };
    }
}

/** The ALB an Ingress shares: its group (annotation, or the class's IngressClassParams group), else its own. */
function groupOf(ing: StackResource, params: Readonly<Record<string, unknown>> | typeof UNKNOWN | undefined): string {
    const fromParams = readString(field(readObject(field(params === UNKNOWN ? undefined : params, "group")), "name"));
    const name = typeof fromParams === "string" ? fromParams : annotation(ing.props, `${ALB}group.name`);
    return typeof name === "string" ? `group:${name}` : `ingress:${ing.urn}`;
}

/** The AWS Load Balancer Controller's default policy: its release's `defaultSSLPolicy` value when the stack installs it, else the built-in one. */
function controllerDefaultPolicy(graph: StackGraph): { name: string; whose: string } {
    for (const r of graph.ofTypes(HELM)) {
        const chart = readString(r.props.chart);
        if (typeof chart === "string" && /(^|\/)aws-load-balancer-controller(-[0-9][^/]*\.tgz)?$/.test(chart)) {
            const policy = readString(field(readObject(r.props.values), "defaultSSLPolicy"));
            if (typeof policy === "string" && policy !== "") {
                return { name: policy, whose: `the default of the AWS Load Balancer Controller release ${r.name} (values.defaultSSLPolicy)` };
            }
        }
    }
    return { name: LBC_DEFAULT_SSL_POLICY, whose: "the AWS Load Balancer Controller's default (its --default-ssl-policy, which the stack does not set)" };
}
