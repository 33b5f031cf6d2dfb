#include "driver.h"

#include "go_rules.h"

#include <cmath>
#include <sstream>

#include "oplang/script.h"

namespace gomap::harness {
void showValue(const Program& program, std::ostream& os) {
  os << "\n" << print_script(props::normalized(program));
}
}  // namespace gomap::harness

namespace gomap::props {
namespace {

using harness::OpCode;
using harness::Value;

rc::Gen<Value> keys(const ProgramShape& shape, int range) {
  switch (shape.key) {
    case Kind::kString:
      return rc::gen::map(rc::gen::inRange(0, range),
                          [](int i) { return Value::string("k" + std::to_string(i)); });
    case Kind::kFloat64:
      return rc::gen::weightedOneOf<Value>({
          {20,
           rc::gen::map(rc::gen::inRange(0, range), [](int i) { return Value::float64(i / 2.0); })},
          {1, rc::gen::just(Value::float64(-0.0))},
          {shape.nans ? 1u : 0u, rc::gen::just(Value::float64(std::nan("")))},
      });
    default: return rc::gen::map(rc::gen::inRange(0, range), [](int i) { return Value::int64(i); });
  }
}

rc::Gen<Op> ops_over(const ProgramShape& shape, int range) {
  auto op = [](OpCode code) {
    Op o;
    o.code = code;
    return o;
  };
  auto with_key = [op](OpCode code) {
    return [op, code](Value k) {
      Op o = op(code);
      o.key = std::move(k);
      return o;
    };
  };
  auto k = keys(shape, range);
  return rc::gen::weightedOneOf<Op>({
      {40, rc::gen::map(rc::gen::pair(k, rc::gen::inRange<int64_t>(0, 1000)),
                        [op](std::pair<Value, int64_t> kv) {
                          Op o = op(OpCode::kSet);
                          o.key = std::move(kv.first);
                          o.elem = Value::int64(kv.second);
                          return o;
                        })},
      {25, rc::gen::map(k, with_key(OpCode::kDel))},
      {4, rc::gen::map(rc::gen::pair(k, rc::gen::inRange<int64_t>(-3, 10)),
                       [op](std::pair<Value, int64_t> kv) {
                         Op o = op(OpCode::kAdd);
                         o.key = std::move(kv.first);
                         o.elem = Value::int64(kv.second);
                         return o;
                       })},
      {5, rc::gen::map(k, with_key(OpCode::kGet))},
      {shape.clears ? 1u : 0u, rc::gen::just(op(OpCode::kClear))},
      {shape.iterations ? 3u : 0u,
       rc::gen::map(
           rc::gen::tuple(rc::gen::inRange(0, 3), rc::gen::arbitrary<bool>(),
                          rc::gen::arbitrary<uint16_t>(), rc::gen::inRange(0, 8)),
           [op](std::tuple<int, bool, uint16_t, int> a) {
             Op o = op(OpCode::kIter);
             o.iteration = std::get<0>(a);
             // A fixed start half the time, so that a printed
             // counterexample replays the same walk anywhere.
             if (std::get<1>(a))
               o.start = harness::IterStart{std::get<2>(a), static_cast<uint64_t>(std::get<3>(a))};
             return o;
           })},
      {shape.iterations ? 12u : 0u, rc::gen::map(rc::gen::inRange(0, 3),
                                                 [op](int i) {
                                                   Op o = op(OpCode::kNext);
                                                   o.iteration = i;
                                                   return o;
                                                 })},
  });
}

Value nth_key(Kind kind, int64_t i) {
  switch (kind) {
    case Kind::kString: return Value::string("c" + std::to_string(i));
    case Kind::kFloat64: return Value::float64(static_cast<double>(i) + 0.25);
    default: return Value::int64(i + (int64_t{1} << 32));
  }
}

// Churn: a window of `width` fresh keys slides `steps` times (set the next
// key, delete the oldest), so the count holds while every insert is new and
// overflow buckets pile up until a same-size grow packs them.
rc::Gen<std::vector<Op>> churn(const ProgramShape& shape) {
  return rc::gen::map(
      rc::gen::tuple(rc::gen::element(4, 12, 20, 40, 100), rc::gen::inRange(20, 1500),
                     rc::gen::inRange<int64_t>(0, 1 << 20)),
      [kind = shape.key](std::tuple<int, int, int64_t> t) {
        auto [width, steps, base] = t;
        std::vector<Op> out;
        for (int64_t i = 0; i < steps; i++) {
          Op set;
          set.code = OpCode::kSet;
          set.key = nth_key(kind, base + i);
          set.elem = Value::int64(i);
          out.push_back(std::move(set));
          if (i >= width) {
            Op del;
            del.code = OpCode::kDel;
            del.key = nth_key(kind, base + i - width);
            out.push_back(std::move(del));
          }
        }
        return out;
      });
}

// Segments of random statements over a small key range, and of churn.
rc::Gen<std::vector<Op>> segments(const ProgramShape& shape, int range) {
  auto random_run =
      rc::gen::resize(200, rc::gen::container<std::vector<Op>>(ops_over(shape, range)));
  // inRange scales with the size, which resize below pins small: churn
  // gets the full nominal size, so its windows and lengths span their ranges.
  auto segment = rc::gen::weightedOneOf<std::vector<Op>>(
      {{3, random_run}, {1, rc::gen::resize(100, churn(shape))}});
  return rc::gen::map(rc::gen::resize(6, rc::gen::container<std::vector<std::vector<Op>>>(segment)),
                      [](std::vector<std::vector<Op>> segs) {
                        std::vector<Op> out;
                        for (auto& s : segs) out.insert(out.end(), s.begin(), s.end());
                        return out;
                      });
}

}  // namespace

rc::Gen<Program> programs(ProgramShape shape) {
  return rc::gen::mapcat(rc::gen::element(8, 32, 128, 512), [shape](int range) {
    return rc::gen::map(rc::gen::tuple(rc::gen::arbitrary<uint32_t>(),
                                       rc::gen::element<int64_t>(0, 0, 0, 8, 9, 13, 14, 100, -1),
                                       segments(shape, range)),
                        [shape](std::tuple<uint32_t, int64_t, std::vector<Op>> t) {
                          Program p;
                          p.header.key = shape.key;
                          p.header.elem = Kind::kInt64;
                          p.header.seed = std::get<0>(t);
                          p.header.hint = std::get<1>(t);
                          p.ops = std::move(std::get<2>(t));
                          return p;
                        });
  });
}

Program normalized(Program p) {
  bool opened[harness::kMaxIterations] = {};
  std::vector<Op> kept;
  for (Op& op : p.ops) {
    if (op.code == OpCode::kIter) opened[op.iteration] = true;
    if (op.code == OpCode::kNext && !opened[op.iteration]) continue;
    kept.push_back(std::move(op));
  }
  p.ops = std::move(kept);
  return p;
}

void run_checked(const Program& raw, const std::function<void(const Step&)>& check) {
  Program p = normalized(raw);
  harness::Lockstep run(p, harness::References::kNone);
  Snapshot before = snapshot(run.port());
  harness::run_checks(run, {[&](const harness::Step& s) -> std::optional<std::string> {
                        Snapshot after = snapshot(s.subject);
                        check(Step{s, s.op, before, after, s.subject});
                        before = std::move(after);
                        return std::nullopt;
                      }});
}

Snapshot snapshot(const harness::PortSubject& port) {
  Snapshot snap{inspect(port.type(), port.map()), {}};
  for (bool old : {false, true}) {
    const auto& arr = old ? snap.view.oldbuckets : snap.view.buckets;
    for (size_t i = 0; i < arr.size(); i++)
      for (size_t c = 0; c < arr[i].size(); c++)
        for (int s = 0; s < go::bucketCnt; s++) {
          if (arr[i][c].tophash[s] < go::minTopHash) continue;
          harness::Value key = port.key_at(arr[i][c].keys[s]);
          bool nan = key.kind == Kind::kFloat64 && std::isnan(key.f);
          uint64_t hash = port.hash(key);
          snap.live.push_back({old, i, c, s, arr[i][c].tophash[s], std::move(key), hash, nan});
        }
  }
  return snap;
}

}  // namespace gomap::props
