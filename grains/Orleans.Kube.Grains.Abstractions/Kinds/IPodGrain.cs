namespace Orleans.Kube.Grains.Abstractions;

[ControllerOf("Pod")]
public interface IPodGrain : IResourceGrain
{
    /// <summary>The binding subresource: assigns the pod to a node, once.</summary>
    Task<ApiResult> Bind(string nodeName);

    /// <summary>The scheduler found no node: PodScheduled=False with kube's message.</summary>
    Task MarkUnschedulable(string message);

    /// <summary>The node agent's view of the pod: its status JSON (the pod IP stays the binding's).</summary>
    Task ReportStatus(string status);

    /// <summary>The pod's node stopped reporting: the pod is failed so its owner replaces it.</summary>
    Task MarkNodeLost(string nodeName);

    /// <summary>The node agent has stopped and removed every container of a pod being deleted.</summary>
    Task ConfirmTerminated();
}
