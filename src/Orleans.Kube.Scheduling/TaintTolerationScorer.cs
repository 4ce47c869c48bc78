namespace Orleans.Kube.Scheduling;

/// <summary>kube's TaintToleration score: avoid nodes with PreferNoSchedule taints the pod doesn't tolerate; 100/(1+n) for n of them.</summary>
public sealed class TaintTolerationScorer(double weight = 3) : IScorer
{
    public string Name => "TaintToleration";

    public double Weight => weight;

    public double Score(PodRequest pod, NodeSnapshot node)
    {
        var taints = node.Taints;
        var untolerated = 0;
        for (var i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
            if (taint.Effect == Taint.PreferNoSchedule && !Toleration.AnyTolerates(pod.Tolerations, taint.Key, taint.Value, taint.Effect))
                untolerated++;
        }
        return 100.0 / (1 + untolerated);
    }
}
