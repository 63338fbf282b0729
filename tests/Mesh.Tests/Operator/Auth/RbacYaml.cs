namespace Mesh.Tests.Operator.Auth;

/// <summary>RBAC objects as a user would write them, and their paths.</summary>
public static class RbacYaml
{
    public const string Api = "/apis/rbac.authorization.k8s.io/v1";

    public static string RolePath(string ns, string name) => $"{Api}/namespaces/{ns}/roles/{name}";
    public static string RoleBindingPath(string ns, string name) => $"{Api}/namespaces/{ns}/rolebindings/{name}";
    public static string ClusterRolePath(string name) => $"{Api}/clusterroles/{name}";
    public static string ClusterRoleBindingPath(string name) => $"{Api}/clusterrolebindings/{name}";

    public static string BrokerEditor(string ns) => $$"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: { name: broker-editor, namespace: {{ns}} }
        rules:
          - apiGroups: [eventing.knative.dev]
            resources: [brokers]
            verbs: [get, list, create, update, delete]
        """;

    public static string BindUser(string ns, string name, string user, string roleKind = "Role", string role = "broker-editor") => $$"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: { name: {{name}}, namespace: {{ns}} }
        roleRef: { apiGroup: rbac.authorization.k8s.io, kind: {{roleKind}}, name: {{role}} }
        subjects:
          - { kind: User, name: {{user}}, apiGroup: rbac.authorization.k8s.io }
        """;

    public static string ClusterRole(string name, string rules) => $$"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: { name: {{name}} }
        rules:
        {{rules}}
        """;

    public static string ClusterBindGroup(string name, string role, string group) => $$"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: { name: {{name}} }
        roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {{role}} }
        subjects:
          - { kind: Group, name: {{group}}, apiGroup: rbac.authorization.k8s.io }
        """;

    public static string Broker(string ns, string name) => $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: { name: {{name}}, namespace: {{ns}} }
        """;
}
