// aws-local-stepfunctions 3.0.0 calls Promise.withResolvers (Node >= 22) for every Task's timeout; Node 20, which
// the machines and .ci/run have, lacks it. The standard's definition, installed only where missing.
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
